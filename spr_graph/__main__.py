from spr_graph.cli import main

main(prog_name="spr-graph")
