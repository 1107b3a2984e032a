"""Views of assignments: the student's side (student.py), the teacher's (teacher.py), and the files (files.py)."""
