/* test-vala.vala: libbridge from Vala, through libbridge-1.0.vapi: finds
 * the clock plugin, calls it, closes the connection and hears "closed"
 * (the signal, which must not clash with the is-closed property); the
 * registry is a GLib.ListModel of plugins
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
int main () {
    var registry = new Bridge.Registry ();
    assert (registry.get_n_items () >= 2);
    var info = registry.find_by_name ("clock");
    assert (info != null);
    try {
        var clock = registry.connect_sync (info, Bridge.ConnectFlags.NONE);
        UnixFDList? out_fds;
        var sum = clock.call_sync ("org.libbridge.example.Clock1", "Add", new Variant ("(ii)", 2, 40),
                                   null, out out_fds, Bridge.TIMEOUT_DEFAULT);
        assert (sum.print (false) == "(42,)");
        var closed = false;
        clock.closed.connect ((reason, message) => { closed = reason == Bridge.CloseReason.LOCAL; });
        assert (!clock.is_closed);
        clock.close ();
        assert (clock.is_closed);
        var context = MainContext.default ();
        for (var i = 0; i < 1000 && !closed; i++)
            context.iteration (true);
        assert (closed);
        print ("vala: %u plugins, clock says 2 + 40 = %s\n", registry.get_n_items (), sum.print (false));
    } catch (Error e) {
        printerr ("%s\n", e.message);
        return 1;
    }
    return 0;
}
