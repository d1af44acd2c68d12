"""Step 5, reports: a learner's progress, a class's report, misreadings, pre/post."""
