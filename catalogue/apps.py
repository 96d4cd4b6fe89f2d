from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        # Cached pages are keyed on the catalogue's version (catalogue/cache.py): any write to
        # a catalogue model, however it is made, makes them all stale. Not a business rule,
        # so a signal is the right tool here.
        from catalogue.cache import bump_version

        for model in self.get_models():
            post_save.connect(bump_version, sender=model, dispatch_uid=f"cache-save-{model}")
            post_delete.connect(bump_version, sender=model, dispatch_uid=f"cache-del-{model}")
        m2m_changed.connect(bump_version, dispatch_uid="cache-m2m")
        # The full-text index is derived data, kept in step with its records like the cache.
        from catalogue import search

        for model in search.FIELDS:
            post_save.connect(search.index_saved, sender=model, dispatch_uid=f"search-{model}")
            post_delete.connect(
                search.index_deleted, sender=model, dispatch_uid=f"search-del-{model}"
            )
        post_migrate.connect(bump_version, dispatch_uid="cache-migrate")
