"""Run the command line as `python -m briefkit`."""

from briefkit.cli import run

run()
