from tests.home.conftest import page_cache  # noqa: F401  (the page cache on, in Redis)
