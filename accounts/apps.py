from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and profiles"

    def ready(self) -> None:
        from django.contrib import admin

        from accounts.forms import AdminLoginForm

        # The admin's login form limits the user name's length like ours does.
        admin.site.login_form = AdminLoginForm
