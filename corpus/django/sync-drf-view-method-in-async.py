from adrf import generics as agenerics
from adrf.serializers import ModelSerializer as AReviewSerializerBase
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



class Review(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE)
    text = models.TextField()


class ReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Review
        fields = "__all__"


class ReviewCreate(generics.CreateAPIView):
    queryset = Review.objects.all()
    serializer_class = ReviewSerializer

    async def post(self, request):
        serializer = self.get_serializer(data=request.data)
        # ruleid: DJA213 (the book's primary key is looked up)
        serializer.is_valid(raise_exception=True)
        # ruleid: DJA213
        serializer.save()
        return Response({"ok": True})


class BookCreate(generics.CreateAPIView):
    queryset = Book.objects.all()
    serializer_class = BookSerializer

    async def post(self, request):
        serializer = self.get_serializer(data=request.data)
        # ok: DJA213 (plain columns: validation runs no query)
        serializer.is_valid(raise_exception=True)
        # ruleid: DJA213
        serializer.save()
        return Response({"ok": True})


class AsyncReviewSerializer(AReviewSerializerBase):
    class Meta:
        model = Review
        fields = "__all__"


async def add_review(request):
    serializer = AsyncReviewSerializer(data=request.data)
    # ruleid: DJA213 (adrf's serializers keep DRF's sync is_valid())
    serializer.is_valid(raise_exception=True)
    # ok: DJA213
    await serializer.asave()
    # ok: DJA213 (the book is written as its primary key: no query)
    return Response(serializer.data)


class AsyncCreateSerializer(AReviewSerializerBase):
    class Meta:
        model = Review
        fields = "__all__"

    async def create(self, validated_data):
        return await Review.objects.acreate(**validated_data)


async def add_review_async_create(request):
    serializer = AsyncCreateSerializer(data=request.data)
    await sync_to_async(serializer.is_valid)(raise_exception=True)
    # ok: DJA213 (save() hands back the coroutine of the async create(), awaited here)
    review = await serializer.save()
    return Response({"id": review.pk})


class CheckedReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Review
        fields = ["id", "book", "text"]

    def validate(self, attrs):
        if not attrs["text"]:
            raise serializers.ValidationError("empty")
        return attrs


async def checked_review(request):
    serializer = CheckedReviewSerializer(data=request.data)
    # ruleid: DJA213
    serializer.is_valid(raise_exception=True)
    # ok: DJA213 (validate() does not run when serializing: the book is its primary key)
    return Response(serializer.data)


class ReviewKeySerializer(serializers.ModelSerializer):
    book_id = serializers.PrimaryKeyRelatedField(queryset=Book.objects.all(), source="book")
    title = serializers.CharField(source="book.title", read_only=True)

    class Meta:
        model = Review
        fields = ["id", "book_id", "text"]


class ReviewIdSerializer(serializers.ModelSerializer):
    book_id = serializers.PrimaryKeyRelatedField(queryset=Book.objects.all(), source="book")

    class Meta:
        model = Review
        fields = ["id", "book_id", "text"]


async def review_keys(request, pk):
    review = await Review.objects.aget(pk=pk)
    # ok: DJA213 (a primary key field reads the row's own book_id)
    plain = ReviewIdSerializer(review).data
    # ruleid: DJA213 (book.title follows the relation)
    titled = ReviewKeySerializer(review).data
    return Response({"plain": plain, "titled": titled})
