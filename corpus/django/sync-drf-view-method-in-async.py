from adrf import generics as agenerics
from adrf.viewsets import ModelViewSet as AsyncModelViewSet
from asgiref.sync import sync_to_async
from django.db import models
from rest_framework import generics, serializers, viewsets
from rest_framework.response import Response


class Book(models.Model):
    title = models.CharField(max_length=100)


class BookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Book
        fields = ["title"]


class BookDetail(generics.RetrieveUpdateDestroyAPIView):
    queryset = Book.objects.all()
    serializer_class = BookSerializer

    async def get(self, request, pk):
        # ruleid: DJA225
        book = self.get_object()
        return Response({"title": book.title})

    async def delete(self, request, pk):
        book = await sync_to_async(self.get_object)()
        # ruleid: DJA225
        self.perform_destroy(book)
        return Response(status=204)

    def put(self, request, pk):
        # ok: DJA225 (a sync handler: DRF runs it in a thread)
        book = self.get_object()
        return Response({"title": book.title})


class BookList(generics.ListCreateAPIView):
    queryset = Book.objects.all()
    serializer_class = BookSerializer

    async def get(self, request):
        # ok: DJA225 (get_queryset() and filter_queryset() are lazy)
        qs = self.filter_queryset(self.get_queryset())
        # ruleid: DJA225
        page = self.paginate_queryset(qs)
        return Response({"n": len(page or [])})


class AsyncBookDetail(agenerics.RetrieveAPIView):
    queryset = Book.objects.all()
    serializer_class = BookSerializer

    async def get(self, request, pk):
        # ok: DJA225 (adrf's async twin)
        book = await self.aget_object()
        return Response({"title": book.title})

    async def patch(self, request, pk):
        # ruleid: DJA225
        book = self.get_object()
        return Response({"title": book.title})


class OwnObject(generics.RetrieveAPIView):
    serializer_class = BookSerializer

    def get_object(self):
        return {"title": "from memory"}

    async def get(self, request, pk):
        # ok: DJA225 (the project's own get_object, followed as a helper: no query)
        return Response(self.get_object())


class Books(AsyncModelViewSet):
    queryset = Book.objects.all()
    serializer_class = BookSerializer

    async def retrieve(self, request, pk=None):
        # ruleid: DJA225
        book = self.get_object()
        return Response({"title": book.title})


class PlainViews(viewsets.ViewSet):
    async def list(self, request):
        # ok: DJA225 (a ViewSet without the generic methods)
        return Response([])
