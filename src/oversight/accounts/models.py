from django.contrib.auth.models import AbstractUser
from django.db import models

from oversight.accounts import roles


class User(AbstractUser):
    role = models.CharField(max_length=32, choices=roles.CHOICES, default=roles.SOCIAL_WORKER)
    # The worker this login belongs to (ssd_professionals.prof_professional_id), if any.
    professional_id = models.CharField(max_length=48, blank=True, default="", db_index=True)
    # For team managers: the team (ssd_department.dept_team_id) they manage.
    team_id = models.CharField(max_length=48, blank=True, default="")

    def has_role(self, *names: str) -> bool:
        return self.is_authenticated and self.is_active and self.role in names

    @property
    def sees_council_figures(self) -> bool:
        return self.is_active and self.role in roles.COUNCIL_FIGURES


class AccessLog(models.Model):
    """Every view of a child's record: who, when, which child, which page."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    person_id = models.CharField(max_length=48, db_index=True)
    page = models.CharField(max_length=200)
    view = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        ordering = ["-at", "-id"]


class SignInFailure(models.Model):
    """A failed sign-in, kept for a short while to lock out password guessing."""

    # The username as typed (it may match no account): the lock is on the name.
    username = models.CharField(max_length=150, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
