from opentask_cli.main import run

run()
