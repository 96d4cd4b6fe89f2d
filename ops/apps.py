from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from ops.logging import log_failed_login

        user_login_failed.connect(log_failed_login, dispatch_uid="ops.log_failed_login")
