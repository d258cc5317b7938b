from spr_graph.cli import main

main()
