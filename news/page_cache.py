"""The newsroom's snippets in the full-page cache (home.pagecache): news pages are pages, and
their publication already invalidates; categories and press contacts are shown on them too."""

from home.pagecache import invalidate_when_saved

from .models import NewsCategory, PressContact

invalidate_when_saved(NewsCategory, PressContact)
