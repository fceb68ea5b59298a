"""Local development: debug on, an insecure key that only ever exists on a laptop."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# django-axes announces itself at INFO in every process (`make run` starts three), and with
# DEBUG on Django's own console handler repeats every `django` record the root one prints.
LOGGING = {
    **LOGGING,  # noqa: F405
    "loggers": {
        **LOGGING["loggers"],  # noqa: F405
        "axes.apps": {"level": "WARNING"},
        "django": {"handlers": [], "level": "INFO"},
    },
}
