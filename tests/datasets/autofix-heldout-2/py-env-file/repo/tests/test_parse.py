import unittest

from envfile.parse import EnvFileError, parse_env, render_env


class ParseTests(unittest.TestCase):
    def test_settings_and_comments(self):
        text = "# api\nPORT=8080\n\nexport LOG_LEVEL = info\n"
        self.assertEqual(parse_env(text), {"PORT": "8080", "LOG_LEVEL": "info"})

    def test_quoted_values(self):
        self.assertEqual(parse_env('GREETING="hello world"\nNAME=\'x\''), {"GREETING": "hello world", "NAME": "x"})

    def test_later_line_wins(self):
        self.assertEqual(parse_env("A=1\nA=2"), {"A": "2"})

    def test_line_without_equals_is_refused(self):
        with self.assertRaises(EnvFileError) as caught:
            parse_env("PORT=1\nnonsense")
        self.assertEqual(caught.exception.number, 2)

    def test_round_trip(self):
        settings = {"MOTD": "be kind", "PORT": "80"}
        self.assertEqual(parse_env(render_env(settings)), settings)
