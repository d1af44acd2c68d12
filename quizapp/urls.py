from django.contrib.auth import views as auth_views
from django.urls import path

from quizapp.forms import LoginForm
from quizapp.views import accounts, classes, compare, learning, prepost, sources, teaching

urlpatterns = [
    path("", sources.home, name="home"),
    path("articles/", sources.article_list, name="article_list"),
    path("articles/<slug:slug>/", sources.article_detail, name="article_detail"),
    path("compare/", compare.compare_list, name="compare_list"),
    path("compare/<slug:slug>/", compare.compare_topic, name="compare_topic"),
    path("quizzes/", learning.quiz_list, name="quiz_list"),
    path("quizzes/<slug:slug>/start/", learning.quiz_start, name="quiz_start"),
    path("attempts/<int:attempt_id>/", learning.attempt_resume, name="attempt_resume"),
    path(
        "attempts/<int:attempt_id>/questions/<int:number>/",
        learning.attempt_question,
        name="attempt_question",
    ),
    path(
        "attempts/<int:attempt_id>/questions/<int:number>/sources/<int:index>/",
        learning.attempt_source,
        name="attempt_source",
    ),
    path("attempts/<int:attempt_id>/results/", learning.attempt_results, name="attempt_results"),
    path("attempts/<int:attempt_id>/submit/", learning.attempt_submit_view, name="attempt_submit"),
    path("attempts/<int:attempt_id>/mistakes/", learning.attempt_mistakes, name="attempt_mistakes"),
    path("progress/", learning.progress, name="progress"),
    path("review/", learning.review, name="review"),
    path("classes/", classes.class_list, name="class_list"),
    path("classes/new/", teaching.class_create, name="class_create"),
    path("classes/<int:class_id>/", teaching.class_detail, name="class_detail"),
    path("classes/<int:class_id>/assign/", teaching.class_assign, name="class_assign"),
    path(
        "classes/<int:class_id>/assignments/<int:assignment_id>/",
        teaching.class_assignment_edit,
        name="class_assignment_edit",
    ),
    path(
        "classes/<int:class_id>/assignments/<int:assignment_id>/release/",
        teaching.class_assignment_release,
        name="class_assignment_release",
    ),
    path("classes/<int:class_id>/code/", teaching.class_code_regenerate, name="class_code"),
    path(
        "classes/<int:class_id>/students/<int:student_id>/remove/",
        teaching.class_student_remove,
        name="class_student_remove",
    ),
    path(
        "classes/<int:class_id>/students/<int:student_id>/reset-password/",
        teaching.class_student_reset,
        name="class_student_reset",
    ),
    path("classes/<int:class_id>/report/", classes.class_report_view, name="class_report"),
    path("classes/<int:class_id>/report/grid.csv", classes.class_grid_csv, name="class_grid_csv"),
    path(
        "classes/<int:class_id>/report/items.csv", classes.class_items_csv, name="class_items_csv"
    ),
    path(
        "classes/<int:class_id>/students/<int:student_id>/",
        classes.student_detail,
        name="class_student",
    ),
    path(
        "classes/<int:class_id>/misreadings/",
        classes.class_misreadings,
        name="class_misreadings",
    ),
    path(
        "classes/<int:class_id>/misreadings/<int:student_id>/",
        classes.student_misreadings,
        name="student_misreadings",
    ),
    path("classes/<int:class_id>/prepost/", prepost.form_pairs, name="form_pairs"),
    path(
        "classes/<int:class_id>/prepost/<int:pair_id>/",
        prepost.form_pair_report,
        name="form_pair_report",
    ),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/join/", accounts.join_class, name="join_class"),
    path(
        "accounts/login/",
        accounts.RoleLoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
