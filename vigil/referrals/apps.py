from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "vigil.referrals"
    verbose_name = "Referrals"
