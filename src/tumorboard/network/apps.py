from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "tumorboard.network"
    label = "network"
