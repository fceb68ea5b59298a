"""The people who log into the browser tests' admin (see prepare_site)."""

from demo.management.commands.prepare_dev_site import DEV_PASSWORD, DEV_USERNAME

ADMIN = DEV_USERNAME
ADMIN_PASSWORD = DEV_PASSWORD
EDITOR = "redattrice"
MODERATOR = "moderatore"
MANAGER = "gestrice"  # of the register: reviews buyers' requests for quotes
PASSWORD = "browser-tests-only"
# The representative of a demo cooperative whose mark ends within the renewal window.
REPRESENTATIVE = "rappresentante"
RENEWING = "Cooperativa Sociale Mensa Comune"
