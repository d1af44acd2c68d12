"""Who may do what: the Instructors role, login limiting."""
