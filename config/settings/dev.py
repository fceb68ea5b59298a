"""Local development: debug on, an insecure key that only ever exists on a laptop."""

import logging

from .base import *  # noqa: F403
from .base import LOGGING, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])


def without_task_progress(record: logging.LogRecord) -> bool:
    """The worker beside `make run` logs two lines per task at INFO (hundreds after the demo
    load); its warnings and failed tasks still show."""
    return record.levelno >= logging.WARNING or not record.name.startswith("django_tasks")


# django-axes announces itself at INFO in every process (`make run` starts three), and with
# DEBUG on Django's own console handler repeats every `django` record the root one prints.
LOGGING = {
    **LOGGING,
    "filters": {
        "without_task_progress": {
            "()": "django.utils.log.CallbackFilter",
            "callback": without_task_progress,
        }
    },
    "handlers": {
        "console": {**LOGGING["handlers"]["console"], "filters": ["without_task_progress"]}
    },
    "loggers": {
        **LOGGING["loggers"],
        "axes.apps": {"level": "WARNING"},
        "django": {"handlers": [], "level": "INFO"},
    },
}
