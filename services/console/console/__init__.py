"""The hall's console: server-rendered pages for every role of the hall and for the public.

It calls the four services' HTTP APIs with the signed-in person's own token (so it can never
show more than the APIs allow) and keeps only its sessions in a database of its own.
"""
