from django.urls import path

from . import account_views, views

urlpatterns = [
    path("orders/", views.order_list),
    path("orders/new/", views.create_order),
    path("orders/report/", views.staff_report),
    path("orders/<int:pk>/paid/", views.mark_paid),
    path("orders/<int:pk>/", views.OrderView.as_view()),
    path("orders/status/", views.StatusView.as_view()),
    path("orders/<int:pk>/receipt/", views.ReceiptView.as_view()),
    path("legacy/orders/", views.order_list_sync),
    path("legacy/orders/<int:pk>/", views.LegacyOrderView.as_view()),
    path("legacy/orders/<int:pk>/paid/", views.mark_paid_sync),
    path("products/", views.product_list),
    path("products/stock/", views.stock_sync),
    path("products/<int:pk>/", views.product_detail),
    path("products/<int:pk>/stock/", views.ProductStockView.as_view()),
    path("cart/", views.CartView.as_view()),
    path("health/", views.HealthView.as_view()),
    path("me/orders/", account_views.my_orders),
    path("me/orders/last/", account_views.my_last_order),
]
