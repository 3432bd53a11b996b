"""What `make run` serves: the production stack on this machine — gunicorn
(project/gunicorn.conf.py), DEBUG off, static files collected and served by whitenoise —
over plain HTTP on 127.0.0.1, with the local defaults of base.py. `make dev` is the
autoreloading development server (project.settings.dev)."""

from .base import *  # noqa: F403
