# A file with a syntax error: the error is a finding (DJA001), and the parts that parse are
# still analyzed (the DJA301 below, before the error, and the one after it).
import time


async def before(request):  # ok: DJA001
    time.sleep(1)  # ruleid: DJA301


async def broken(request):
    items = [i for i in range(3)  # ruleid: DJA001
    return items


async def after(request):
    time.sleep(2)  # ruleid: DJA301
