"""``hall``: the one command line of the service hall (``hall_cli.app.cli``)."""

import warnings

# nameko (under the outbox, dead letters and tokens) imports eventlet, which warns on every run
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
