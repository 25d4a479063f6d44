import time


def answer():
    time.sleep(1)
    return "ok"
