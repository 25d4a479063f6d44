from adrf.views import APIView
from rest_framework.response import Response

from .models import Store
from .permissions import HasStoreKey, ReadOnly


class StoreView(APIView):
    permission_classes = (ReadOnly, HasStoreKey)

    async def get(self, request, pk):
        store = await Store.objects.aget(pk=pk)
        # ruleid: DJA502
        self.check_permissions(request)
        return Response({"name": store.name})


class OpenStoreView(APIView):
    permission_classes = [ReadOnly]

    async def get(self, request, pk):
        # ok: DJA502 (ReadOnly reads the method only)
        self.check_permissions(request)
        return Response({})
