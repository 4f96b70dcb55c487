/* host-keys.c: every key of the presentation, in one table
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The keys are application accelerators for the window's actions (see
 * host-window.c), so the presentation window and the presenter console,
 * which shares the presentation window's actions, obey the same keys.
 * The help overlay (?) is built from the same table.
 */
#include "config.h"

#include "host-keys.h"

static const HostKey keys[] = {
  { "Slides", "win.next", { "Right", "space", "Page_Down", "Down", NULL }, "Next slide" },
  { "Slides", "win.previous", { "Left", "BackSpace", "Page_Up", "Up", NULL }, "Previous slide" },
  { "Slides", "win.first", { "Home", NULL }, "First slide" },
  { "Slides", "win.last", { "End", NULL }, "Last slide" },
  { "Slides", "win.digit(1)", { "1", "KP_1", NULL }, "Type a slide number, then Enter, to go there" },
  { "Slides", "win.digit(0)", { "0", "KP_0", NULL }, NULL },
  { "Slides", "win.digit(2)", { "2", "KP_2", NULL }, NULL },
  { "Slides", "win.digit(3)", { "3", "KP_3", NULL }, NULL },
  { "Slides", "win.digit(4)", { "4", "KP_4", NULL }, NULL },
  { "Slides", "win.digit(5)", { "5", "KP_5", NULL }, NULL },
  { "Slides", "win.digit(6)", { "6", "KP_6", NULL }, NULL },
  { "Slides", "win.digit(7)", { "7", "KP_7", NULL }, NULL },
  { "Slides", "win.digit(8)", { "8", "KP_8", NULL }, NULL },
  { "Slides", "win.digit(9)", { "9", "KP_9", NULL }, NULL },
  { "Slides",
    "win.enter",
    { "Return", "KP_Enter", NULL },
    "Go to the typed slide, or the one chosen in the overview" },
  { "Slides", "win.overview", { "o", NULL }, "Overview of all slides" },

  { "Video", "win.play", { "p", "k", NULL }, "Play or pause" },
  { "Video", "win.seek-back", { "j", "<Shift>Left", NULL }, "Back 5 seconds" },
  { "Video", "win.seek-forward", { "l", "<Shift>Right", NULL }, "Forward 5 seconds" },
  { "Video", "win.frame-back", { "<Control>Left", NULL }, "Previous frame, while paused" },
  { "Video", "win.frame-forward", { "<Control>Right", NULL }, "Next frame, while paused" },
  { "Video", "win.volume-up", { "plus", "equal", "KP_Add", NULL }, "Louder" },
  { "Video", "win.volume-down", { "minus", "KP_Subtract", NULL }, "Quieter" },
  { "Video", "win.mute", { "m", NULL }, "Sound off or on" },

  { "Presenting", "win.start", { "F5", NULL }, "Start from the first slide" },
  { "Presenting", "win.start-here", { "<Shift>F5", NULL }, "Start from the current slide" },
  { "Presenting", "win.fullscreen", { "f", "F11", NULL }, "Full screen on or off" },
  { "Presenting", "win.escape", { "Escape", NULL }, "Close the overview or help, or leave full screen" },
  { "Presenting", "win.black", { "b", "period", NULL }, "Black screen on or off" },
  { "Presenting", "win.white", { "w", "comma", NULL }, "White screen on or off" },
  { "Presenting", "win.help", { "question", "F1", NULL }, "These keys" },
  { "Presenting", "console.timer-toggle", { "t", NULL }, "Pause or resume the talk's timer (--presenter)" },
  { "Presenting", "console.timer-reset", { "r", NULL }, "Reset the timer (--presenter)" },
  { "Presenting", "app.quit", { "q", "<Control>q", NULL }, "Quit" },
};

/**
 * host_keys_get:
 * @n_keys: (out): length of the table
 *
 * Returns: (array length=n_keys): the key table
 */
const HostKey *
host_keys_get (guint *n_keys)
{
  *n_keys = G_N_ELEMENTS (keys);
  return keys;
}

/**
 * host_keys_set_accels:
 * @app: the application
 *
 * Binds every key of the table to its action.
 */
void
host_keys_set_accels (GtkApplication *app)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_application_set_accels_for_action (app, keys[i].action, keys[i].accels);
}

/* The keys of a row as shown: all of them, "0 … 9" for the digits. */
static GtkWidget *
accels_box (const HostKey *key)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  guint i;

  gtk_widget_set_halign (box, GTK_ALIGN_END);
  if (g_str_has_prefix (key->action, "win.digit"))
    {
      gtk_box_append (GTK_BOX (box), gtk_shortcut_label_new ("0"));
      gtk_box_append (GTK_BOX (box), gtk_label_new ("…"));
      gtk_box_append (GTK_BOX (box), gtk_shortcut_label_new ("9"));
      return box;
    }
  for (i = 0; key->accels[i] != NULL; i++)
    {
      /* The keypad twins say nothing new. */
      if (g_str_has_prefix (key->accels[i], "KP_"))
        continue;
      gtk_box_append (GTK_BOX (box), gtk_shortcut_label_new (key->accels[i]));
    }
  return box;
}

/**
 * host_keys_help_new:
 *
 * Returns: (transfer floating): the help overlay: a card listing every
 * key of the table, group by group, plus the mouse
 */
GtkWidget *
host_keys_help_new (void)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *title = gtk_label_new ("Keyboard Shortcuts");
  GtkWidget *columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 48);
  GtkWidget *grid = NULL;
  const char *group = NULL;
  int row = 0;
  guint i;

  gtk_widget_add_css_class (card, "host-card");
  gtk_widget_set_halign (card, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (card, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (title, "title-2");
  gtk_box_append (GTK_BOX (card), title);
  gtk_box_append (GTK_BOX (card), columns);

  for (i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkWidget *label;

      if (keys[i].label == NULL)
        continue;
      if (group == NULL || !g_str_equal (group, keys[i].group))
        {
          GtkWidget *heading = gtk_label_new (keys[i].group);

          group = keys[i].group;
          /* "Video" goes under "Slides", the rest side by side. */
          if (grid == NULL || !g_str_equal (group, "Video"))
            {
              grid = gtk_grid_new ();
              gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
              gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
              gtk_widget_set_valign (grid, GTK_ALIGN_START);
              gtk_box_append (GTK_BOX (columns), grid);
              row = 0;
            }
          else
            row++;
          gtk_widget_add_css_class (heading, "heading");
          gtk_widget_set_halign (heading, GTK_ALIGN_START);
          gtk_widget_set_margin_top (heading, row > 0 ? 12 : 0);
          gtk_grid_attach (GTK_GRID (grid), heading, 0, row++, 2, 1);
        }
      label = gtk_label_new (keys[i].label);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 34);
      gtk_grid_attach (GTK_GRID (grid), accels_box (&keys[i]), 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), label, 1, row++, 1, 1);
    }

  /* The mouse, which no table binds, under the last group. */
  {
    GtkWidget *heading = gtk_label_new ("Mouse");
    static const char *const mouse[][2] = {
      { "Click", "Next slide; on a video, play or pause" },
      { "Drag the bar", "Go to that time in the video" },
      { "Right click", "Previous slide" },
      { "Scroll", "Next or previous slide" },
    };
    guint m;

    gtk_widget_add_css_class (heading, "heading");
    gtk_widget_set_halign (heading, GTK_ALIGN_START);
    gtk_widget_set_margin_top (heading, 12);
    gtk_grid_attach (GTK_GRID (grid), heading, 0, row++, 2, 1);
    for (m = 0; m < G_N_ELEMENTS (mouse); m++)
      {
        GtkWidget *what = gtk_label_new (mouse[m][0]);
        GtkWidget *does = gtk_label_new (mouse[m][1]);

        gtk_widget_add_css_class (what, "dim-label");
        gtk_widget_set_halign (what, GTK_ALIGN_END);
        gtk_label_set_xalign (GTK_LABEL (does), 0);
        gtk_grid_attach (GTK_GRID (grid), what, 0, row, 1, 1);
        gtk_grid_attach (GTK_GRID (grid), does, 1, row++, 1, 1);
      }
  }
  return card;
}
