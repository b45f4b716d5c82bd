/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cli.h"

#include <stdio.h>

static const char help_text[]
    = "Usage: amazon-linux-extras [OPTIONS] [COMMAND [ARGS...]]\n"
      "\n"
      "Commands:\n"
      "  list                      Show the topics and their state (the default)\n"
      "  info TOPIC...             Show what a topic installs and its support status\n"
      "  enable TOPIC[=VER]...     Enable topics' repositories\n"
      "  disable TOPIC...          Disable topics' repositories\n"
      "  install [-y] TOPIC[=VER]...  Enable topics and install their packages\n"
      "  why PACKAGE...            Say where a package comes from, or why it is hidden\n"
      "  validate [TOPIC...]       Check topics against the core (repository maintainers)\n"
      "  supportinfo [PACKAGE...]  Migration report: support status and AL2023 replacements\n"
      "                            (--show installed|supported|unsupported|all)\n"
      "  help                      Show this help\n"
      "\n"
      "Options:\n"
      "  --root DIR                Operate on the system installed under DIR\n"
      "  --catalog SOURCE          Topic catalog: a directory, a YAML or JSON file, or a URL\n"
      "  --date YYYY-MM-DD         Judge end-of-support dates as of this day\n"
      "  --arch ARCH               Base architecture (default: the machine's)\n"
      "  --json                    One JSON document on stdout\n"
      "  --dry-run                 install, enable, disable: show what would change, change "
      "nothing\n"
      "  --debug-solver DIR        install: write the solver's testcase to DIR\n"
      "  -y, --assumeyes           Answer yes to the package manager\n"
      "  -v                        Make the package manager verbose\n"
      "  -h, --help, --version\n"
      "\n"
      "Topics give you access to the most recent stable software you choose, without\n"
      "the uncertainty of a wholly new environment; their packages are outside the\n"
      "Long Term Support of the core, and only the newest packages of a topic are\n"
      "supported.\n"
      "\n"
      "As a best practice, enable only one or two topics: the more topics you enable,\n"
      "the further your system is from the well-tested core.\n";

int
extras_cli_cmd_help (ExtrasCli *cli, int argc, char **argv, GError **error)
{
  if (cli->json)
    {
      g_autoptr (ExtrasJson) json = extras_cli_json_new (cli);
      extras_json_key (json, "help");
      extras_json_string (json, help_text);
      extras_cli_print_json (cli, json);
      return 0;
    }
  fputs (help_text, stdout);
  return 0;
}

int
extras_cli_cmd_system_motd (ExtrasCli *cli, int argc, char **argv, GError **error)
{
  ExtrasCatalog *catalog = extras_cli_get_catalog (cli, error);
  g_autofree char *motd = NULL;

  if (catalog == NULL)
    return 3;
  /* Written for the day asked; it says the core's end itself, so the
   * stderr line is left out at login. */
  motd = extras_policy_dup_motd (catalog, extras_cli_get_date (cli));
  cli->core_notice_done = TRUE;
  if (cli->json)
    {
      g_autoptr (ExtrasJson) json = extras_cli_json_new (cli);
      extras_json_key (json, "motd");
      extras_json_string (json, motd);
      extras_cli_print_json (cli, json);
      return 0;
    }
  if (motd != NULL)
    fputs (motd, stdout);
  return 0;
}
