from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"

    def ready(self):
        from corsheaders.signals import check_request_enabled

        from api.cors import enable_for_reads

        check_request_enabled.connect(enable_for_reads, dispatch_uid="api.cors.enable_for_reads")
