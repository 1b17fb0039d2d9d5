from django.urls import path

from coding.proposals import api, views

study = "studies/<int:study_pk>/"
one = study + "proposals/<int:proposal_pk>/"
urlpatterns = [
    path(study + "proposals/", views.proposals_page, name="proposals"),
    path(study + "proposals/new/", views.proposal_create, name="proposal-create"),
    path(one + "comment/", views.proposal_comment, name="proposal-comment"),
    path(one + "accept/", views.proposal_accept, name="proposal-accept"),
    path(one + "reject/", views.proposal_reject, name="proposal-reject"),
    path(one + "withdraw/", views.proposal_withdraw, name="proposal-withdraw"),
]

api_urlpatterns = [
    path(study + "proposals/", api.ProposalList.as_view(), name="api-proposal-list"),
    path(one, api.ProposalDetail.as_view(), name="api-proposal-detail"),
    path(one + "comments/", api.ProposalComments.as_view(), name="api-proposal-comments"),
    path(one + "accept/", api.ProposalAccept.as_view(), name="api-proposal-accept"),
    path(one + "reject/", api.ProposalReject.as_view(), name="api-proposal-reject"),
    path(one + "withdraw/", api.ProposalWithdraw.as_view(), name="api-proposal-withdraw"),
]
