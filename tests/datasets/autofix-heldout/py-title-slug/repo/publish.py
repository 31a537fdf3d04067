"""Publishes the week's posts."""
from blog.slugs import post_path

for title in ["Release notes 4.2", "Crème brûlée for beginners"]:
    print(post_path(2024, title))
