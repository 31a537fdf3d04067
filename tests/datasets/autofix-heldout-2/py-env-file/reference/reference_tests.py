import unittest

from envfile.parse import EnvFileError, parse_env, render_env


class Reference(unittest.TestCase):
    def test_value_may_hold_equals_signs(self):
        text = "DATABASE_URL=postgres://db/app?sslmode=require&x=1\nKEY=abc==\n"
        self.assertEqual(parse_env(text), {"DATABASE_URL": "postgres://db/app?sslmode=require&x=1", "KEY": "abc=="})

    def test_quoted_value_with_equals(self):
        self.assertEqual(parse_env('FILTER="a=b c"'), {"FILTER": "a=b c"})

    def test_empty_value(self):
        self.assertEqual(parse_env("EMPTY="), {"EMPTY": ""})

    def test_name_is_still_checked(self):
        with self.assertRaises(EnvFileError):
            parse_env("bad name=1")
        with self.assertRaises(EnvFileError):
            parse_env("nonsense")

    def test_round_trip_with_equals(self):
        settings = {"KEY": "a=b", "PORT": "80"}
        self.assertEqual(parse_env(render_env(settings)), settings)
