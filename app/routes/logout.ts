import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout } from "~/models/access/auth.server";

// Logging out changes state, so it is a POST (a link or a prefetch cannot log anyone out).
export async function action({ request }: ActionFunctionArgs) {
  return logout(request);
}

export const loader = () => redirect("/");
