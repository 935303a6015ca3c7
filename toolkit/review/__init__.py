"""The translator's review loop: export aligned segments to a review file, import the reviewer's corrections."""
