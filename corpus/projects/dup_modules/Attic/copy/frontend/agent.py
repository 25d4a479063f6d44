# An old copy of frontend/agent.py, deeper in the tree: `frontend.agent` is not this one.
def answer():
    return "ok"
