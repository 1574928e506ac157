"""briefkit/sending/test_send.py imports SMTP from here; the keys of series files and editions are in
series_fields.py and edition_fields.py."""

from briefkit.manifest.series_fields import SMTP as SMTP
