import strawberry
import strawberry_django
from adrf.views import APIView as AsyncAPIView
from asgiref.sync import sync_to_async
from django.db import models
from ninja import NinjaAPI, Router
from ninja.security import APIKeyHeader, HttpBearer
from ninja.throttling import AnonRateThrottle
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle, UserRateThrottle
from strawberry.permission import BasePermission as GraphPermission
from strawberry.permission import PermissionExtension
from strawberry_django.auth.utils import get_current_user


class Team(models.Model):
    name = models.CharField(max_length=50)


class Membership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE)
    user_id = models.IntegerField()


class Token(models.Model):
    key = models.CharField(max_length=40)
    user_id = models.IntegerField()


# --- DRF / adrf: the permission checks a handler calls itself --------------------------------


class IsMember(BasePermission):
    def has_permission(self, request, view):
        return Membership.objects.filter(user_id=request.user.id).exists()

    def has_object_permission(self, request, view, obj):
        return Membership.objects.filter(team=obj, user_id=request.user.id).exists()


class IsOwnerInMemory(BasePermission):
    def has_object_permission(self, request, view, obj):
        return obj.user_id == request.user.id


class AsyncMember(BasePermission):
    async def has_object_permission(self, request, view, obj):
        return await Membership.objects.filter(team=obj).aexists()


class TeamDetail(AsyncAPIView):
    permission_classes = [IsMember]

    async def get(self, request, pk):
        team = await Team.objects.aget(pk=pk)
        # ruleid: DJA502
        self.check_object_permissions(request, team)
        return Response({"name": team.name})

    async def post(self, request, pk):
        # ruleid: DJA502
        self.check_permissions(request)
        return Response({})

    async def put(self, request, pk):
        team = await Team.objects.aget(pk=pk)
        # ok: DJA502 (run in a worker thread)
        await sync_to_async(self.check_object_permissions)(request, team)
        return Response({})

    def delete(self, request, pk):
        team = Team.objects.get(pk=pk)
        # ok: DJA502 (a sync handler)
        self.check_object_permissions(request, team)
        return Response({})


class InMemoryTeamDetail(AsyncAPIView):
    permission_classes = [IsOwnerInMemory, AsyncMember]

    async def get(self, request, pk):
        team = await Team.objects.aget(pk=pk)
        # ok: DJA502 (the permission compares values in memory; the other is async)
        self.check_object_permissions(request, team)
        return Response({})


class OwnChecks(AsyncAPIView):
    permission_classes = [IsMember]

    def check_permissions(self, request):
        pass

    async def get(self, request):
        # ok: DJA502 (the view's own check_permissions does nothing)
        self.check_permissions(request)
        return Response({})


class InheritsMember(TeamDetail):
    async def patch(self, request, pk):
        team = await Team.objects.aget(pk=pk)
        # ruleid: DJA502
        self.check_object_permissions(request, team)
        return Response({})


# --- django-ninja: auth and throttles run before an async operation ---------------------------


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        return Token.objects.filter(key=token).first()


class AsyncTokenAuth(HttpBearer):
    async def authenticate(self, request, token):
        return await Token.objects.filter(key=token).afirst()


class StaticKey(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request, key):
        return key == "secret"


def session_key(request):
    return Token.objects.filter(key=request.COOKIES.get("k")).exists()


api = NinjaAPI()
private = Router(auth=TokenAuth())  # ruleid: DJA502


# ruleid: DJA502
@api.get("/teams", auth=TokenAuth())
async def list_teams(request):
    return [t.name async for t in Team.objects.all()]


@api.get("/teams/async", auth=AsyncTokenAuth())  # ok: DJA502 (an async auth is awaited)
async def list_teams_async(request):
    return []


@api.get("/static", auth=StaticKey())  # ok: DJA502 (the key is compared in memory)
async def static(request):
    return {}


@api.get("/cookie", auth=[StaticKey(), session_key])  # ruleid: DJA502
async def cookie(request):
    return {}


@api.get("/sync", auth=TokenAuth())  # ok: DJA502 (a sync operation runs in a worker thread)
def sync_teams(request):
    return [t.name for t in Team.objects.all()]


@private.get("/mine")  # ok: DJA502 (reported once, on the router's auth=)
async def mine(request):
    return {}


@private.get("/open", auth=None)  # ok: DJA502 (no auth for this operation)
async def open_teams(request):
    return {}


@api.get("/throttled", throttle=AnonRateThrottle("10/s"))  # ruleid: DJA502
async def throttled(request):
    return {}


# --- strawberry: permission classes of an async resolver --------------------------------------


class IsTeamMember(GraphPermission):
    message = "not a member"

    def has_permission(self, source, info, **kwargs):
        return Membership.objects.filter(user_id=info.context.request.user.id).exists()


class AlwaysOk(GraphPermission):
    def has_permission(self, source, info, **kwargs):
        return True


@strawberry.type
class Query:
    @strawberry.field(permission_classes=[IsTeamMember])  # ruleid: DJA502
    async def teams(self, info) -> list[str]:
        return [t.name async for t in Team.objects.all()]

    @strawberry.field(extensions=[PermissionExtension(permissions=[IsTeamMember()])])  # ruleid: DJA502
    async def team_count(self, info) -> int:
        return await Team.objects.acount()

    @strawberry.field(permission_classes=[AlwaysOk])  # ok: DJA502 (the check runs no query)
    async def open_teams(self, info) -> list[str]:
        return []

    @strawberry.field(permission_classes=[IsTeamMember])  # ok: DJA502 (a sync resolver)
    def sync_teams(self, info) -> list[str]:
        return []

    @strawberry_django.field
    async def me(self, info) -> str:
        user = get_current_user(info)
        # ruleid: DJA209
        return user.username


# --- DRF throttles checked by hand ------------------------------------------------------------


class PerTeamThrottle(BaseThrottle):
    def allow_request(self, request, view):
        return not Membership.objects.filter(user_id=request.user.id).count() > 100


class BurstThrottle(UserRateThrottle):
    rate = "5/min"


class Counted(AsyncAPIView):
    throttle_classes = [PerTeamThrottle, BurstThrottle]

    async def get(self, request):
        # ruleid: DJA502
        self.check_throttles(request)
        return Response({})
