/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The typed transaction a resolved install is: one item per package change,
 * with its support status, and the warnings the policy attached. */
#include "glib-compat.h"
#include "resolve-private.h"

#include <fcntl.h>
#include <unistd.h>
#include "resolver-private.h"
#include "safe-path.h"

#include <string.h>
#include <solv/problems.h>
#include <solv/rules.h>
#include <solv/testcase.h>
#include <solv/bitmap.h>

const char *
extras_action_to_string (ExtrasAction action)
{
  switch (action)
    {
    case EXTRAS_ACTION_INSTALL:
      return "install";
    case EXTRAS_ACTION_UPGRADE:
      return "upgrade";
    case EXTRAS_ACTION_DOWNGRADE:
      return "downgrade";
    case EXTRAS_ACTION_REINSTALL:
      return "reinstall";
    case EXTRAS_ACTION_REMOVE:
      return "remove";
    case EXTRAS_ACTION_OBSOLETE:
      return "obsoleted";
    case EXTRAS_ACTION_INSTALL_BESIDE:
      return "install_beside";
    default:
      return "unknown";
    }
}

static void
item_free (ExtrasTransactionItem *item)
{
  g_free (item->name);
  g_free (item->evr);
  g_free (item->arch);
  g_free (item->repo);
  g_free (item->topic);
  g_free (item->end_of_support);
  g_strfreev (item->replaces);
  g_free (item);
}

ExtrasTransaction *
extras_transaction_new (void)
{
  ExtrasTransaction *t = g_new0 (ExtrasTransaction, 1);

  t->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  t->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (t->warnings, NULL);
  t->packages = g_ptr_array_new_with_free_func (g_free);
  return t;
}

void
extras_transaction_free (ExtrasTransaction *transaction)
{
  if (transaction == NULL)
    return;
  g_ptr_array_unref (transaction->items);
  g_ptr_array_unref (transaction->warnings);
  g_ptr_array_unref (transaction->packages);
  g_free (transaction);
}

/* Appends to a NULL-terminated array of strings. */
void
extras_strv_array_add (GPtrArray *array, char *line)
{
  g_ptr_array_insert (array, array->len - 1, line);
}

#define ITEM(t, i) ((ExtrasTransactionItem *) g_ptr_array_index ((t)->items, (i)))

guint
extras_transaction_get_n_items (const ExtrasTransaction *t)
{
  return t->items->len;
}
ExtrasAction
extras_transaction_get_action (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->action;
}
const char *
extras_transaction_get_name (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->name;
}
const char *
extras_transaction_get_evr (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->evr;
}
const char *
extras_transaction_get_arch (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->arch;
}
const char *
extras_transaction_get_repo (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->repo;
}
const char *
extras_transaction_get_topic (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->topic;
}
gboolean
extras_transaction_get_lts (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->lts;
}
ExtrasEos
extras_transaction_get_eos (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->eos;
}
const char *
extras_transaction_get_end_of_support (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->end_of_support;
}
ExtrasSupportSource
extras_transaction_get_support_source (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->support_source;
}
const char *const *
extras_transaction_get_replaces (const ExtrasTransaction *t, guint i)
{
  return (const char *const *) ITEM (t, i)->replaces;
}
char *
extras_transaction_dup_nevra (const ExtrasTransaction *t, guint i)
{
  ExtrasTransactionItem *item = ITEM (t, i);
  return g_strdup_printf ("%s-%s.%s", item->name, item->evr, item->arch);
}
GStrv
extras_transaction_dup_install_nevras (const ExtrasTransaction *t)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < t->items->len; i++)
    {
      ExtrasAction action = ITEM (t, i)->action;
      if (action != EXTRAS_ACTION_REMOVE && action != EXTRAS_ACTION_OBSOLETE)
        g_ptr_array_add (out, extras_transaction_dup_nevra (t, i));
    }
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}
const char *const *
extras_transaction_get_package_names (const ExtrasTransaction *t)
{
  return (const char *const *) extras_ptr_array_terminated (t->packages);
}
const char *const *
extras_transaction_get_warnings (const ExtrasTransaction *t)
{
  return (const char *const *) t->warnings->pdata;
}
