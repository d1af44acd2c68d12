"""Forms: answering a question, signing up, joining a class."""

import zoneinfo

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.validators import MaxLengthValidator
from django.utils.html import format_html

from quizapp.access.login_limits import address_throttled, cooloff_minutes
from quizapp.bank.rules import is_complete_order
from quizapp.models import Assignment, Classroom, Confidence, Question, Skill
from quizapp.models.classes import new_join_code, validate_join_code_shape
from quizapp.services.prepost import MAX_PER_SKILL


class AnswerForm(forms.Form):
    """One question's answer: a choice, or for timelines a place for every event.

    Fields are built from the question's own choices, so an id from another
    question never validates. ``choices`` come in the order shown; the field names and
    values are positions in that order ("o1", "item_1"), never choice ids, so the page
    says nothing about which choice was written first (hand-written questions often
    put the right one first) or which event comes first."""

    confidence = forms.ChoiceField(
        choices=[("", "Skip")] + list(Confidence.choices),
        required=False,
        widget=forms.RadioSelect,
        label="How sure are you?",
    )

    def __init__(self, question: Question, choices, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.choices_list = list(choices)
        if question.kind == Question.Kind.ORDERING:
            places = [("", "Choose…")] + [
                (str(i), str(i)) for i in range(1, len(self.choices_list) + 1)
            ]
            for number, choice in enumerate(self.choices_list, start=1):
                self.fields[self.item_name(number)] = forms.TypedChoiceField(
                    choices=places,
                    coerce=int,
                    label=choice.text,
                    error_messages={"required": "Give this event a place."},
                )
        else:
            by_value = {self.option_value(n): c.id for n, c in enumerate(self.choices_list, 1)}
            self.fields["choice"] = forms.TypedChoiceField(
                choices=[
                    (self.option_value(n), c.text) for n, c in enumerate(self.choices_list, 1)
                ],
                coerce=by_value.__getitem__,
                widget=forms.RadioSelect,
                label="Your answer",
                error_messages={
                    "required": "Choose one of the answers, then check it.",
                    "invalid_choice": "That answer is not one of this question's choices.",
                },
            )

    @staticmethod
    def option_value(number: int) -> str:
        return f"o{number}"

    @staticmethod
    def item_name(number: int) -> str:
        return f"item_{number}"

    @classmethod
    def data_for(cls, choices, *, choice=None, order=None, confidence="") -> dict:
        """POST data answering with ``choice`` (or ``order``, a list of choices), given
        the choices in the order shown."""
        choices = list(choices)
        data = {"confidence": confidence}
        if order is not None:
            for number, shown in enumerate(choices, start=1):
                data[cls.item_name(number)] = str(order.index(shown) + 1)
        else:
            data["choice"] = cls.option_value(choices.index(choice) + 1)
        return data

    @classmethod
    def quick_clean(cls, question: Question, choices, data) -> dict | None:
        """The ``cleaned_data`` a bound form would have for ``data``, when the answer is
        plainly valid; None otherwise (then build the form: it says what is wrong).
        Building the form's fields costs more than the rest of grading an answer; only
        exact matches of the values the form accepts pass here
        (tests/test_answer_path.py checks that both agree)."""
        choices = list(choices)
        confidence = data.get("confidence") or ""
        if confidence and confidence not in Confidence.values:
            return None
        if question.kind != Question.Kind.ORDERING:
            value = data.get("choice")
            for number, choice in enumerate(choices, start=1):
                if value == cls.option_value(number):
                    return {"confidence": confidence, "choice": choice.id}
            return None
        allowed = {str(n): n for n in range(1, len(choices) + 1)}
        cleaned = {"confidence": confidence}
        places = {}
        for number, choice in enumerate(choices, start=1):
            place = allowed.get(data.get(cls.item_name(number)))
            if place is None:
                return None
            cleaned[cls.item_name(number)] = places[choice.id] = place
        if not is_complete_order(places.values()):
            return None
        cleaned["order"] = [cid for cid, _ in sorted(places.items(), key=lambda item: item[1])]
        return cleaned

    @classmethod
    def read(cls, question: Question, choices, data) -> tuple[dict | None, "AnswerForm | None"]:
        """An answer POST read: (its cleaned data, or None when invalid; the bound form
        when one was built, for its errors). A plainly valid answer builds no form."""
        cleaned = cls.quick_clean(question, choices, data)
        if cleaned is not None:
            return cleaned, None
        form = cls(question, choices, data)
        return (form.cleaned_data if form.is_valid() else None), form

    def place_fields(self):
        return [self[self.item_name(n)] for n in range(1, len(self.choices_list) + 1)]

    def rows_with_errors(self) -> int:
        """How many ordering rows carry an error of their own (shown on the row)."""
        if self.question.kind != Question.Kind.ORDERING:
            return 0
        return sum(1 for field in self.place_fields() if field.errors)

    def clean(self):
        data = super().clean()
        if self.question.kind != Question.Kind.ORDERING:
            return data
        names = [self.item_name(n) for n in range(1, len(self.choices_list) + 1)]
        missing = [name for name in names if name in self.errors]
        if (
            missing
            and len(missing) == len(names)
            and all(e.code == "required" for name in names for e in self.errors.as_data()[name])
        ):
            # Nothing placed at all: one message, not one per event.
            for name in names:
                del self.errors[name]
            raise forms.ValidationError(
                f"Give each event its place, from 1 for the earliest to {len(names)} for "
                "the latest, then check your answer.",
                code="no_places",
            )
        if self.errors:
            return data
        places = {c.id: data[name] for name, c in zip(names, self.choices_list, strict=True)}
        if not is_complete_order(places.values()):
            # Mark the rows that share a place, so the student sees which ones to change.
            given = [data[name] for name in names]
            for name, place in zip(names, given, strict=True):
                if given.count(place) > 1:
                    self.add_error(
                        name,
                        forms.ValidationError(
                            "Another event has place %(place)s too.",
                            code="place_used_twice",
                            params={"place": place},
                        ),
                    )
            raise forms.ValidationError(
                f"Give each event a different place, from 1 to {len(places)}.",
                code="places_not_a_permutation",
            )
        data["order"] = [cid for cid, _ in sorted(places.items(), key=lambda item: item[1])]
        return data


class SignupForm(UserCreationForm):
    join_code = forms.CharField(
        max_length=16,
        required=False,
        label="Class join code (optional)",
        help_text="From your instructor. Leave it empty to practise on your own.",
    )

    class Meta(UserCreationForm.Meta):
        fields = ("first_name", "last_name", "username", "email")
        labels = {"last_name": "Last name (optional)", "email": "Email (optional)"}
        help_texts = {
            "first_name": "Your instructor sees your name in the class list.",
            "email": "Lets you reset your password yourself. Without one, ask your instructor.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["first_name"].error_messages["required"] = "Tell us your first name."

    def clean_join_code(self):
        from quizapp.models import Classroom

        code = self.cleaned_data["join_code"].strip().upper()
        if code and not Classroom.objects.filter(join_code=code).exists():
            raise forms.ValidationError(
                "No class has that join code. Check it with your instructor, or leave it empty.",
                code="unknown_join_code",
            )
        return code


class JoinClassForm(forms.Form):
    join_code = forms.CharField(max_length=16, label="Class join code")


class BoundedUsernameMixin:
    """Django's login forms set the username's max_length after the field is built, so
    it is never checked: an over-long username reached authenticate() and the login
    audit (django-axes), whose column it overflows on PostgreSQL. Check it first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length or 150))


class AddressThrottleMixin:
    """Refuse to check any password from an address that failed too often lately,
    whichever usernames it tried (password spraying)."""

    throttled = False

    def clean(self):
        if self.request is not None and address_throttled(self.request):
            self.throttled = True
            raise forms.ValidationError(
                "Too many failed log-ins from your network. Wait %(minutes)s minutes and "
                "try again, or ask your instructor to reset your password.",
                code="address_throttled",
                params={"minutes": cooloff_minutes()},
            )
        return super().clean()


class LoginForm(AddressThrottleMixin, BoundedUsernameMixin, AuthenticationForm):
    pass


class AdminLoginForm(AddressThrottleMixin, BoundedUsernameMixin, AdminAuthenticationForm):
    pass


class JoinCodeWidget(forms.HiddenInput):
    """Shows the join code as text and sends it back unchanged, so the code the
    instructor sees (and may already have copied) is the one that is saved."""

    @property
    def is_hidden(self):
        return False  # the code is shown, with its label

    def render(self, name, value, attrs=None, renderer=None):
        hidden = super().render(name, value, attrs, renderer)
        return format_html('<strong class="join-code">{}</strong>{}', value or "", hidden)


def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class ClassroomForm(forms.ModelForm):
    """A new class. The join code is made when the form is first shown."""

    class Meta:
        model = Classroom
        fields = ["name", "time_zone", "join_code"]
        widgets = {"join_code": JoinCodeWidget}
        labels = {"name": "Class name"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The admin's change page shows the join code read-only: not a form field there.
        if "time_zone" in self.fields:
            self.fields["time_zone"] = forms.ChoiceField(
                choices=time_zone_choices(),
                initial=self.instance.time_zone,
                label="Time zone",
                help_text=Classroom._meta.get_field("time_zone").help_text,
            )
        if "join_code" in self.fields:
            self.fields["join_code"].label = "Join code"
            self.fields["join_code"].help_text = "Students type this code to join the class."

    def clean_join_code(self):
        code = self.cleaned_data["join_code"].strip().upper()
        validate_join_code_shape(code)
        return code

    def full_clean(self):
        super().full_clean()
        if self.is_bound and "join_code" in self.errors:
            # Shown again with a fresh code, never with one that cannot be saved.
            self.data = self.data.copy()
            self.data[self.add_prefix("join_code")] = new_join_code()


DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class AssignmentForm(forms.ModelForm):
    """Assign a quiz with its assessment settings (docs/assessments.md); dates are read and
    shown in the class's time zone (the view activates it). With ``instance`` it edits an
    assignment: the quiz stays, and once a student has started, so do the settings in
    Assignment.ATTEMPT_SHAPING."""

    feedback = forms.TypedChoiceField(
        label="When students see right/wrong and the answer key",
        choices=[
            ("", "The quiz's default: after each answer for a practice quiz, "
             "after the due date for an assessment"),
            *Assignment.Feedback.choices,
        ],
        required=False,
        widget=forms.RadioSelect,
        help_text="Until then students see “Answer saved”, and the quiz's questions are "
        "kept out of their practice. For “when the instructor releases it”, release it "
        "from the assignment's settings page.",
    )  # fmt: skip
    attempts_allowed = forms.IntegerField(
        label="Attempts allowed",
        min_value=1,
        max_value=20,
        initial=1,
        required=False,
        help_text="How many times each student may take it (1 to 20; empty means 1).",
        error_messages={
            "min_value": "Allow at least 1 attempt.",
            "max_value": "At most 20 attempts.",
        },
    )
    time_limit_minutes = forms.IntegerField(
        label="Time limit in minutes (optional)",
        min_value=1,
        max_value=24 * 60,
        required=False,
        help_text="Counted from Start; answers after it are refused and the quiz is handed "
        "in. Leave empty for no limit. At most 1440 (a day).",
        error_messages={
            "min_value": "A time limit is at least 1 minute (leave it empty for none).",
            "max_value": "A time limit is at most 1440 minutes (one day).",
        },
    )

    class Meta:
        model = Assignment
        fields = ["quiz", "opens", "due", *Assignment.SETTINGS]
        widgets = {
            "opens": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
            "due": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
            "grading": forms.RadioSelect,
        }
        labels = {
            "opens": "Opens",
            "due": "Due",
            "accept_late": "Accept late answers",
            "grading": "With more than one attempt, the report counts",
            "shuffle_choices": "Shuffle the choices for each student",
            "shuffle_questions": "Shuffle the order of the questions for each student",
        }
        help_texts = {
            "accept_late": "Students can still answer after the due date; the report marks "
            "their work late.",
            "grading": "Students see which attempt counts on their results.",
            "shuffle_choices": "Timelines are always shuffled; find-the-evidence keeps the "
            "article's order.",
            "shuffle_questions": "Each student gets their own order, the same every time "
            "they come back.",
        }

    def __init__(self, *args, quizzes=None, started=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = self.instance.pk is not None
        if self.editing:
            del self.fields["quiz"]
        else:
            self.fields["quiz"].queryset = quizzes
            self.fields["quiz"].empty_label = "Choose a quiz…"
        for name in ("opens", "due"):
            self.fields[name].input_formats = [DATETIME_LOCAL, "%Y-%m-%d %H:%M"]
        self.fields["grading"].choices = Assignment.Grading.choices  # no empty choice
        self.fields["grading"].required = False  # empty: the first attempt counts
        self.started = started
        if started:
            for name in sorted(Assignment.ATTEMPT_SHAPING):
                self.fields[name].disabled = True
                self.fields[name].help_text = (
                    "Fixed: students have started this assignment. "
                    + str(self.fields[name].help_text)
                )

    def clean_attempts_allowed(self):
        return self.cleaned_data.get("attempts_allowed") or 1

    def clean_grading(self):
        return self.cleaned_data.get("grading") or Assignment.Grading.FIRST

    def clean(self):
        data = super().clean()
        opens, due = data.get("opens"), data.get("due")
        if opens and due and due <= opens:
            self.add_error(
                "due",
                forms.ValidationError(
                    "The due date must be after the opening date.", code="due_before_opens"
                ),
            )
        return data

    def settings(self) -> dict:
        """The cleaned values, without the quiz (for the services)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "quiz"}

    def field_groups(self):
        """The form's fields in the groups the page shows, each with a legend."""
        groups = [
            ("Quiz and dates", ["quiz", "opens", "due", "accept_late"]),
            ("Feedback", ["feedback"]),
            ("Attempts", ["attempts_allowed", "grading", "time_limit_minutes"]),
            ("Order", ["shuffle_choices", "shuffle_questions"]),
        ]
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in groups
        ]


class FormPairForm(forms.Form):
    """A matched pre/post pair: a title, how many questions per skill, and the dates."""

    title = forms.CharField(max_length=80, initial="Pre/post")
    pre_opens = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    pre_due = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    post_opens = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    post_due = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for skill in Skill:
            self.fields[f"count_{skill.value}"] = forms.IntegerField(
                label=skill.label, min_value=0, max_value=MAX_PER_SKILL, initial=0, required=False
            )

    def count_fields(self):
        return [self[name] for name in self.fields if name.startswith("count_")]

    def counts(self) -> dict[str, int]:
        return {
            name.removeprefix("count_"): value or 0
            for name, value in self.cleaned_data.items()
            if name.startswith("count_")
        }
