"""The exercise library: content from the seed article, as data.

`sync_library` writes it idempotently (by slug). It takes the model classes as
arguments so data migrations can pass their historical models.
"""

from accounts.symptoms import MainSymptom

# The main concerns a person can name in the profile, then two needs only exercises have.
TARGETS = [
    *MainSymptom.choices,
    ("circulation", "Circulation"),
    ("stiffness", "Stiffness or tightness"),
]

CHAIR = "Stand behind a sturdy chair or at a counter and keep a hand on it the whole time."
STOP_IF_PAIN = "Stop if you feel pain. Mild effort is fine; pain is a signal to stop."
CHECK_FEET = "Check your feet afterwards for redness, blisters or cuts you may not feel."
STRETCH_RULE = "Aim for mild tension, never pain. Do not bounce."

EXERCISES = [
    # --- Circulation ---
    {
        "slug": "ankle-circles",
        "picture_text": (
            "Seated on a chair, one foot resting on a low stool; a circular arrow around "
            "the ankle shows the foot drawing slow circles."
        ),
        "name": "Ankle circles",
        "category": "circulation",
        "summary": "Slow circles with each foot to get blood moving to the feet. "
        "A gentle warm-up for any routine.",
        "steps": [
            "Sit comfortably in a sturdy chair.",
            "Rest one foot up on a low stool or cushion so it can move freely.",
            "Slowly draw circles with the foot, turning at the ankle, clockwise.",
            "Do the same number of circles anticlockwise.",
            "Change to the other foot and repeat.",
        ],
        "position": "seated",
        "equipment": "A low stool or cushion (optional)",
        "balance_demand": "low",
        "targets": ["circulation", "stiffness", "tingling"],
        "safety_notes": [STOP_IF_PAIN],
        "is_warm_up": True,
        "dose_kind": "reps",
        "reps": 10,
        "rep_unit": "circles",
        "ways": 2,
        "seconds_per_rep": 4,
        "per_side": True,
    },
    {
        "slug": "toe-curls-and-spreads",
        "picture_text": (
            "Seated, both feet flat. Left frame: toes curled down gripping the floor. Right"
            " frame: toes lifted and spread wide."
        ),
        "name": "Toe curls and spreads",
        "category": "circulation",
        "summary": "Curl the toes down, then spread them wide. Works the small foot muscles "
        "and helps circulation.",
        "steps": [
            "Sit with both feet flat on the floor.",
            "Curl your toes downwards as if gripping the floor. Hold for about 2 seconds.",
            "Relax, then lift and spread your toes as wide apart as you can.",
            "Relax again. That is one curl and spread.",
        ],
        "position": "seated",
        "equipment": "",
        "balance_demand": "low",
        "targets": ["circulation", "weakness", "stiffness"],
        "safety_notes": [
            "If your foot or toes cramp, stop, rest and gently massage the area.",
            STOP_IF_PAIN,
        ],
        "is_warm_up": True,
        "dose_kind": "reps",
        "reps": 10,
        "rep_unit": "curls and spreads",
        "seconds_per_rep": 5,
    },
    {
        "slug": "gentle-walking",
        "picture_text": (
            "A person walking upright in shoes on a flat floor, mid-stride, arms relaxed."
        ),
        "name": "Gentle walk",
        "category": "circulation",
        "summary": "A short, easy walk at a comfortable pace: one of the simplest ways to "
        "boost blood flow in the legs and feet.",
        "steps": [
            "Put on well-fitting, supportive shoes and socks.",
            "Walk at an easy pace on a flat, even, well-lit surface.",
            "Keep a wall, rail or walking aid within reach if your balance is uncertain.",
            "Start with a few minutes and build up towards 10-15 minutes.",
        ],
        "position": "standing",
        "equipment": "Supportive shoes; a walking aid if you use one",
        "balance_demand": "moderate",
        "targets": ["circulation", "balance", "weakness"],
        "safety_notes": [
            "Never walk barefoot outdoors: numb feet may not feel cuts or stones.",
            "Choose flat, even ground and good light; avoid rugs and clutter.",
            CHECK_FEET,
        ],
        "is_warm_up": True,
        "seated_alternative": "seated-marching",
        "dose_kind": "timed",
        "duration_seconds": 300,
    },
    {
        "slug": "seated-marching",
        "picture_text": (
            "Seated upright near the front of a chair, hands on the seat. One knee lifted a"
            " few centimetres, with an up-and-down arrow; the other foot flat."
        ),
        "name": "Seated marching",
        "category": "circulation",
        "summary": "Lift alternate knees while sitting, like marching in place. Similar "
        "benefit to walking without pressure on sensitive feet.",
        "steps": [
            "Sit upright near the front of a sturdy chair without wheels, feet flat.",
            "Hold the sides of the seat if that feels steadier.",
            "Lift your right knee a few centimetres, then lower it.",
            "Lift your left knee, then lower it.",
            "Keep alternating at a steady, comfortable rhythm.",
        ],
        "position": "seated",
        "equipment": "A sturdy chair without wheels",
        "balance_demand": "low",
        "targets": ["circulation", "weakness"],
        "safety_notes": [STOP_IF_PAIN],
        "is_warm_up": True,
        "dose_kind": "timed",
        "duration_seconds": 120,
    },
    # --- Strength ---
    {
        "slug": "resistance-band-ankle-press",
        "picture_text": (
            "Seated, one leg straight out in front, a band looped around the ball of the "
            "foot and held in both hands. Arrow: the foot presses away like a pedal, then "
            "comes back."
        ),
        "name": "Resistance band ankle press",
        "category": "strength",
        "summary": "Push the foot gently against a light resistance band to strengthen the "
        "ankle muscles that support walking and balance.",
        "steps": [
            "Sit with one leg straight out in front of you.",
            "Loop a light resistance band around the ball of that foot and hold both ends.",
            "Slowly press the foot away from you, like pressing a pedal.",
            "Slowly let it come back. Keep the movement smooth.",
            "Change to the other foot.",
        ],
        "position": "seated",
        "equipment": "A light resistance band (or a towel)",
        "balance_demand": "low",
        "targets": ["weakness", "balance"],
        "safety_notes": [
            "Use the lightest band; the effort should feel gentle.",
            "Check the band for splits before use.",
            STOP_IF_PAIN,
        ],
        "dose_kind": "reps",
        "reps": 10,
        "rep_unit": "presses",
        "per_side": True,
    },
    {
        "slug": "toe-pickups",
        "picture_text": (
            "Seated, bare foot picking up a marble with the toes beside a bowl on the "
            "floor; an arrow shows the marble lifted into the bowl."
        ),
        "barefoot_or_textured": True,
        "name": "Toe pickups",
        "category": "strength",
        "summary": "Pick up small objects with your toes to build strength and dexterity in "
        "the small foot muscles that often weaken first.",
        "steps": [
            "Sit with a few small objects (marbles, cotton balls, a cloth) on the floor.",
            "Pick up one object with your toes.",
            "Drop it into a bowl or move it to one side.",
            "Repeat, then change feet.",
        ],
        "position": "seated",
        "equipment": "Marbles or other small soft objects, and a bowl",
        "balance_demand": "low",
        "targets": ["weakness", "numbness"],
        "safety_notes": [
            "Pick the objects up afterwards so nobody trips on them.",
            "Keep marbles away from children and pets.",
            STOP_IF_PAIN,
        ],
        "dose_kind": "reps",
        "reps": 10,
        "rep_unit": "pickups",
        "seconds_per_rep": 6,
        "per_side": True,
    },
    {
        "slug": "calf-raises-chair",
        "picture_text": (
            "Standing behind a chair, both hands on its back. Left frame: feet flat. Right "
            "frame: up on the toes, heels lifted, with an up arrow."
        ),
        "name": "Calf raises behind a chair",
        "category": "strength",
        "summary": "Rise slowly onto your toes while holding a chair, hold briefly and lower. "
        "Strengthens the calves for walking and stability.",
        "steps": [
            "Stand behind a sturdy chair and hold its back with both hands.",
            "Stand with feet hip-width apart.",
            "Slowly rise up onto your toes.",
            "Hold for about 2 seconds.",
            "Slowly lower your heels to the floor.",
            "Start with 5-10 and add more gradually as you get stronger.",
        ],
        "position": "standing",
        "equipment": "A sturdy chair or counter to hold",
        "balance_demand": "high",
        "targets": ["weakness", "balance", "circulation"],
        "safety_notes": [
            CHAIR,
            "If you have significant weakness or balance concerns, do seated calf raises instead.",
            STOP_IF_PAIN,
        ],
        "seated_alternative": "seated-calf-raises",
        "dose_kind": "reps",
        "reps": 8,
        "rep_unit": "raises",
        "seconds_per_rep": 6,
    },
    {
        "slug": "seated-calf-raises",
        "picture_text": (
            "Seated, knees bent. Left frame: feet flat. Right frame: heels lifted, toes on "
            "the floor, with an up arrow."
        ),
        "name": "Seated calf raises",
        "category": "strength",
        "summary": "Lift your heels while sitting, keeping the balls of your feet down. "
        "The same muscles as standing calf raises, with no balance demand.",
        "steps": [
            "Sit upright with both feet flat on the floor, knees bent.",
            "Slowly lift both heels as high as is comfortable, keeping toes on the floor.",
            "Hold for about 2 seconds.",
            "Slowly lower your heels.",
            "For more effort, rest your hands on your knees and press down gently.",
        ],
        "position": "seated",
        "equipment": "",
        "balance_demand": "low",
        "targets": ["weakness", "circulation"],
        "safety_notes": [STOP_IF_PAIN],
        "dose_kind": "reps",
        "reps": 10,
        "rep_unit": "raises",
        "seconds_per_rep": 5,
    },
    # --- Sensory retraining ---
    {
        "slug": "textured-surface-walking",
        "picture_text": (
            "Standing with one hand on a chair, one bare foot stepping onto a textured mat "
            "on the floor."
        ),
        "barefoot_or_textured": True,
        "name": "Textured surface walking",
        "category": "sensory",
        "summary": "Step slowly over surfaces with different textures to wake up nerve "
        "endings and help the brain relearn signals from the feet.",
        "steps": [
            "Lay out a textured mat, a folded towel, or a tray of dry rice on the floor.",
            "Stand next to a wall, counter or chair you can hold.",
            "Step slowly onto the surface and shift your weight gently.",
            "Notice what you feel under each part of your foot.",
            "Step off, then onto the next texture.",
        ],
        "position": "standing",
        "equipment": "A textured mat, a towel or a tray of rice; something steady to hold",
        "balance_demand": "moderate",
        "targets": ["numbness", "balance", "tingling"],
        "safety_notes": [
            CHAIR,
            "Only use surfaces that cannot cut or bruise: no stones or sharp objects.",
            CHECK_FEET,
        ],
        "seated_alternative": "textured-ball-roll",
        "dose_kind": "timed",
        "duration_seconds": 180,
    },
    {
        "slug": "textured-ball-roll",
        "picture_text": (
            "Seated, one bare foot on a spiky ball on the floor; a two-way arrow shows "
            "rolling from heel to toes and back."
        ),
        "barefoot_or_textured": True,
        "name": "Textured ball or frozen bottle roll",
        "category": "sensory",
        "summary": "Roll a textured ball or a frozen water bottle under your foot for "
        "sensory stimulation and possible pain relief.",
        "steps": [
            "Sit with a textured ball or a frozen bottle of water on the floor.",
            "Place one foot on it.",
            "Roll it slowly from heel to toes and back, with gentle pressure.",
            "When the time for the first foot is up, change to the other foot.",
        ],
        "position": "seated",
        "equipment": "A textured (spiky) massage ball, or a frozen bottle of water in a sock",
        "balance_demand": "low",
        "targets": ["numbness", "pain", "tingling"],
        "safety_notes": [
            "Wrap a frozen bottle in a thin sock or cloth and limit it to a few minutes: "
            "numb feet may not feel cold injury.",
            "Use gentle pressure; stop if it hurts.",
        ],
        "dose_kind": "timed",
        "duration_seconds": 120,
        "per_side": True,
    },
    {
        "slug": "finger-to-toe-touch",
        "picture_text": (
            "Seated with eyes closed and bare feet on a low stool; a helper kneels in front"
            " and touches one spot on the foot with a fingertip."
        ),
        "barefoot_or_textured": True,
        "name": "Finger-to-toe touch identification",
        "category": "sensory",
        "summary": "With your eyes closed, a helper touches a spot on your foot and you name "
        "where you felt it: practice that rebuilds the brain's awareness of the foot.",
        "steps": [
            "Sit with both feet bare, resting on the floor or on a low stool.",
            "Close your eyes, or look away.",
            "Your helper touches one spot on one foot with a fingertip: the toes, the ball, "
            "the arch, the heel or the top of the foot.",
            "Say which spot you felt. Your helper tells you whether you were right.",
            "Your helper moves to a new spot each time, in no set order.",
            "When the time for the first foot is up, your helper changes to the other foot.",
        ],
        "position": "seated",
        "equipment": "A helper to do the touching",
        "balance_demand": "low",
        "targets": ["numbness", "tingling"],
        "safety_notes": [
            "No helper today? Choose another sensory exercise: touching your own foot does not "
            "test it, because your hand already knows where it touched.",
            "A good moment to look over your feet for cuts or sores.",
        ],
        "dose_kind": "timed",
        "duration_seconds": 120,
        "per_side": True,
    },
    {
        "slug": "contrast-foot-bath",
        "picture_text": (
            "Seated with two basins in front, warm and cool, a thermometer in the warm one."
            " Arrow: feet move from the warm basin to the cool one."
        ),
        "barefoot_or_textured": True,
        "name": "Warm and cool contrast foot bath",
        "category": "sensory",
        "summary": "Alternate your feet between warm and cool water to stimulate nerve "
        "endings in areas with significant numbness.",
        "steps": [
            "Fill one basin with warm water and another with cool (not icy) water.",
            "Check the warm water with a thermometer: 32-35 °C (90-95 °F), never hot. "
            "Never test it with your feet.",
            "Sit with both basins in front of you and a towel on the floor.",
            "Put your feet in the warm water for about 1 minute.",
            "Move them to the cool water for about 30 seconds.",
            "Repeat a few times, finishing in the cool water. Dry well, between the toes too.",
        ],
        "position": "seated",
        "equipment": "Two basins, a thermometer, a towel",
        "balance_demand": "low",
        "targets": ["numbness", "circulation"],
        "safety_notes": [
            "Numb feet cannot feel heat: check the warm water with a thermometer "
            "(32-35 °C, 90-95 °F, never hot), never with your feet.",
            "Do not use if you have open wounds or sores on your feet.",
            "Ask your doctor first if you have diabetes or poor circulation.",
            "Mop up spills so the floor is not slippery.",
        ],
        "dose_kind": "timed",
        "duration_seconds": 300,
    },
    # --- Stretches ---
    {
        "slug": "seated-hamstring-stretch",
        "picture_text": (
            "Seated near the front of a chair, one leg straight out with the heel on the "
            "floor and toes up, back straight, leaning forward slightly from the hips; an "
            "arrow shows the lean."
        ),
        "name": "Seated hamstring stretch",
        "category": "stretch",
        "summary": "Extend one leg with the heel on the floor and lean slightly forward. "
        "Can relieve pressure on the sciatic nerve that often adds to foot pain.",
        "steps": [
            "Sit near the front of a sturdy chair.",
            "Stretch one leg out in front with the heel on the floor and toes up.",
            "Keeping your back straight, lean forward slightly from the hips.",
            "Stop when you feel mild tension behind the thigh and hold.",
            "Sit back up slowly and change legs.",
        ],
        "position": "seated",
        "equipment": "A sturdy chair without wheels",
        "balance_demand": "low",
        "targets": ["pain", "stiffness"],
        "safety_notes": [STRETCH_RULE, STOP_IF_PAIN],
        "dose_kind": "hold",
        "reps": 2,
        "hold_seconds": 20,
        "per_side": True,
    },
    {
        "slug": "plantar-fascia-stretch",
        "picture_text": (
            "Seated, one foot crossed over the opposite knee, a hand holding the toes and "
            "pulling them gently back toward the shin; a curved arrow shows the pull."
        ),
        "name": "Plantar fascia stretch",
        "category": "stretch",
        "summary": "Gently pull your toes toward your shin to stretch the band of tissue "
        "along the sole, which often tightens with neuropathic pain.",
        "steps": [
            "Sit and cross one foot over the opposite knee.",
            "Hold your toes with one hand.",
            "Gently pull them back toward your shin until you feel a stretch in the arch.",
            "Hold, then slowly release.",
            "Change feet. A towel looped around the toes helps if you cannot reach.",
        ],
        "position": "seated",
        "equipment": "A towel (optional)",
        "balance_demand": "low",
        "targets": ["pain", "stiffness"],
        "safety_notes": [STRETCH_RULE, STOP_IF_PAIN],
        "dose_kind": "hold",
        "reps": 2,
        "hold_seconds": 20,
        "per_side": True,
    },
    {
        "slug": "figure-eight-ankle",
        "picture_text": (
            "Seated, one foot lifted slightly off the floor; a figure-eight path drawn in "
            "the air at the big toe."
        ),
        "name": "Figure-eight ankle stretch",
        "category": "stretch",
        "summary": "Trace an imaginary figure eight with your foot to keep the ankle mobile "
        "and gently stretch the tissues around it.",
        "steps": [
            "Sit and lift one foot slightly off the floor, or rest the calf on a cushion.",
            "Trace a large, slow figure eight in the air with your big toe.",
            "Trace it in the other direction.",
            "Change feet.",
        ],
        "position": "seated",
        "equipment": "",
        "balance_demand": "low",
        "targets": ["stiffness", "pain", "circulation"],
        "safety_notes": [STRETCH_RULE, STOP_IF_PAIN],
        "is_warm_up": True,
        "dose_kind": "reps",
        "reps": 5,
        "rep_unit": "figure eights",
        "ways": 2,
        "seconds_per_rep": 8,
        "per_side": True,
    },
    {
        "slug": "wall-calf-stretch",
        "picture_text": (
            "Standing facing a wall, hands on it at shoulder height, one foot stepped back "
            "with the heel down and the back leg straight, leaning toward the wall; a chair"
            " beside for support."
        ),
        "name": "Wall calf stretch",
        "category": "stretch",
        "summary": "Lean into a wall with one foot behind the other to relieve calf muscles "
        "that tighten with altered walking.",
        "steps": [
            "Stand facing a wall with your hands on it at shoulder height.",
            "Step one foot back, keeping both feet pointing forward.",
            "Keeping the back heel on the floor and back leg straight, lean toward the wall.",
            "Stop at mild tension in the back calf and hold.",
            "Step back together and change legs.",
        ],
        "position": "standing",
        "equipment": "A clear wall; a chair beside you for extra support",
        "balance_demand": "moderate",
        "targets": ["pain", "stiffness"],
        "safety_notes": [
            STRETCH_RULE,
            "Keep your hands on the wall, with a chair beside you if your balance is uncertain.",
            STOP_IF_PAIN,
        ],
        "seated_alternative": "seated-hamstring-stretch",
        "dose_kind": "hold",
        "reps": 2,
        "hold_seconds": 20,
        "per_side": True,
    },
]

_MODEL_FIELDS = (
    "picture_text",
    "barefoot_or_textured",
    "name",
    "category",
    "summary",
    "position",
    "equipment",
    "balance_demand",
    "is_warm_up",
    "dose_kind",
    "reps",
    "rep_unit",
    "seconds_per_rep",
    "sets",
    "hold_seconds",
    "duration_seconds",
    "per_side",
    "ways",
)
_FIELD_DEFAULTS = {
    "picture_text": "",
    "barefoot_or_textured": False,
    "equipment": "",
    "is_warm_up": False,
    "reps": None,
    "rep_unit": "repetitions",
    "seconds_per_rep": 4,
    "sets": 1,
    "hold_seconds": None,
    "duration_seconds": None,
    "per_side": False,
    "ways": 1,
}


def sync_library(Exercise, Target) -> int:
    """Create or update every target and exercise; returns the number of exercises."""
    for order, (code, name) in enumerate(TARGETS):
        Target.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})
    by_slug = {}
    # An early data migration passes a historical model without the later fields.
    present = {field.name for field in Exercise._meta.get_fields()}
    for order, item in enumerate(EXERCISES):
        defaults = {
            field: item.get(field, _FIELD_DEFAULTS.get(field))
            for field in _MODEL_FIELDS
            if field in present
        }
        defaults["steps"] = "\n".join(item["steps"])  # type: ignore[arg-type]
        defaults["safety_notes"] = "\n".join(item["safety_notes"])  # type: ignore[arg-type]
        defaults["sort_order"] = order
        exercise, _ = Exercise.objects.update_or_create(slug=item["slug"], defaults=defaults)
        exercise.targets.set(item["targets"])
        by_slug[item["slug"]] = exercise
    for item in EXERCISES:
        alternative = by_slug.get(item.get("seated_alternative"))
        exercise = by_slug[item["slug"]]
        if exercise.seated_alternative_id != getattr(alternative, "pk", None):
            exercise.seated_alternative = alternative
            exercise.save(update_fields=["seated_alternative"])
    return len(by_slug)
