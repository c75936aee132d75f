"""The site's configuration: `docsite.yml`, its versions and languages, the front matter schema."""

from docsite.config.site import CONFIG_FILES, Language, SiteConfig, load_config
from docsite.config.versions import Plan, Registry, Version

__all__ = ["CONFIG_FILES", "Language", "Plan", "Registry", "SiteConfig", "Version", "load_config"]
