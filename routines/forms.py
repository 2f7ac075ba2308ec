from django import forms

from routines.models import Category, Position, Target


class ExerciseFilterForm(forms.Form):
    category = forms.ChoiceField(
        choices=[("", "All categories"), *Category.choices], required=False
    )
    target = forms.ModelChoiceField(
        label="Helps with",
        queryset=Target.objects.all(),
        to_field_name="code",
        empty_label="Any symptom",
        required=False,
    )
    position = forms.ChoiceField(
        choices=[("", "Seated or standing"), *Position.choices], required=False
    )

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "category": data.get("category") or "",
            "target": data["target"].code if data.get("target") else "",
            "position": data.get("position") or "",
        }
