//! Clicking a lane finds its coroutine's definition in the program.
use async_playground::runtimes::definition_line;

const PROGRAM: &str = "import asyncio\n\nasync def fetch_user(n):\n    return n\n\nclass Client:\n    async def get(self, url):\n        return url\n\n  def helper():\n    pass\n";

#[test]
fn a_lane_name_leads_to_its_definition() {
    assert_eq!(definition_line(PROGRAM, "fetch_user(3)"), Some(3));
    assert_eq!(
        definition_line(PROGRAM, "client.get(\"/users/1\")"),
        Some(7)
    );
    assert_eq!(definition_line(PROGRAM, "helper()"), Some(10));
    // Not defined in the program: a library's coroutine, a bare name.
    assert_eq!(definition_line(PROGRAM, "sleep(1)"), None);
    assert_eq!(definition_line(PROGRAM, "fetch(1)"), None);
    assert_eq!(definition_line(PROGRAM, "(odd)"), None);
}
