"""The page "Mã truy cập API": a person makes and revokes the tokens of their own account; and the
site's 404, which answers JSON under /api/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.defaults import page_not_found

from .forms import TokenForm
from .models import ApiToken
from .services import api_token_create, api_token_revoke


@login_required
def token_list(request):
    new_token = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": request.user.api_tokens.all(),
            "api_root": request.build_absolute_uri(reverse("api-v1:openapi-view")),
        },
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()  # one's own tokens only
    if token is None:
        raise Http404
    if api_token_revoke(token=token, by=request.user):
        messages.success(request, _("Đã thu hồi mã “%(name)s”.") % {"name": token.name})
    return redirect("api-tokens")


def not_found(request, exception):
    """The site's 404 (settings: handler404): a client of the API reads JSON, not the HTML page, for
    a path under /api/ that names no endpoint; everyone else gets the page."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("Không có địa chỉ này trong API; xem danh sách tại /api/v1/docs/.")},
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    return page_not_found(request, exception)
