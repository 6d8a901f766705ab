"""``python -m kompass_core`` runs the ``kompass`` command line."""

from kompass_core.cli import run

run()
