"""The Instructors group with exactly the permissions instructors needed at this point.

The list is frozen here on purpose: a migration must do the same thing whenever it runs,
whatever quizapp/access/roles.py says later. A change to the roles needs a new migration that
sets the group's permissions (tests/test_migrations.py fails until there is one)."""

from django.db import migrations

INSTRUCTOR_CODENAMES = """
    view_outlet view_passage view_attempt view_response view_article add_article
    view_person add_person change_person delete_person
    view_claim add_claim change_claim delete_claim
    view_figure add_figure change_figure delete_figure
    view_event add_event change_event delete_event
    view_eventcitation add_eventcitation change_eventcitation delete_eventcitation
    view_fact add_fact change_fact delete_fact
    view_factcitation add_factcitation change_factcitation delete_factcitation
    view_framing add_framing change_framing delete_framing
    view_provenanceclue add_provenanceclue change_provenanceclue delete_provenanceclue
    view_question add_question change_question delete_question
    view_choice add_choice change_choice delete_choice
    view_citation add_citation change_citation delete_citation
    view_quiz add_quiz change_quiz delete_quiz
    view_quizquestion add_quizquestion change_quizquestion delete_quizquestion
    view_classroom add_classroom change_classroom delete_classroom
    view_assignment add_assignment change_assignment delete_assignment
""".split()  # noqa: SIM905 (one model a line reads better than 70 lines)


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Instructors")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="quizapp", codename__in=INSTRUCTOR_CODENAMES
        )
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Instructors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("quizapp", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
