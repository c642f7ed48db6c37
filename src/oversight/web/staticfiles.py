"""Static files with hashed names and compressed copies, served by WhiteNoise with long cache headers."""

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    # GOV.UK Frontend's files name source maps that `make static` does not copy;
    # nobody's browser needs them, so their references are left as they are.
    return tuple((ext, tuple(p for p in found if "sourceMappingURL" not in str(p))) for ext, found in patterns)


class CompressedStaticFiles(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(ManifestStaticFilesStorage.patterns)
    # A file added since the last collectstatic keeps its plain name (served by
    # WhiteNoise's finders, without the year-long cache header) instead of
    # turning every page that names it into a server error.
    manifest_strict = False
