from django.apps import AppConfig


class NewsroomAppConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "newsroom_app"
    verbose_name = "Newsroom"
