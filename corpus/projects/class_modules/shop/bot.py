from shop.models import Item, Order, helpers
from shop.models.Item import Item as SameItem


async def item_handler(pk):
    # ruleid: DJA101
    return Item.objects.filter(pk=pk).first()


async def order_handler(pk):
    # ruleid: DJA101
    order = Order.objects.get(pk=pk)
    # ruleid: DJA105
    return order.item


async def same_class(pk):
    # ruleid: DJA101
    return SameItem.objects.get(pk=pk)


async def module_not_a_model():
    # ok: DJA101
    return helpers.objects()
