"""Import and export of other quiz formats: Moodle GIFT, Moodle Aiken and Markdown skill-assessment quizzes."""
