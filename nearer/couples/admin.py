from django.contrib import admin

from .models import Couple, Invitation, Membership


class MembershipInline(admin.TabularInline[Membership, Couple]):
    model = Membership
    extra = 0
    fields = readonly_fields = ("user", "joined_at", "left_at")
    can_delete = False


@admin.register(Couple)
class CoupleAdmin(admin.ModelAdmin[Couple]):
    list_display = ["pk", "created_at", "ended_at", "depth"]
    readonly_fields = ["created_at", "ended_at", "depth", "depth_changed_at"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["pk", "inviter", "created_at", "expires_at", "accepted_at", "revoked_at"]
    fields = readonly_fields = (
        "inviter",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    )
